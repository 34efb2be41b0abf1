"""A questionnaire step's questions without a template render per request.

Rendering a step's ten radio groups through the template cost most of the step
page's server time. A published questionnaire never changes, so each question's
markup is rendered once per process and language through the very same template,
with no answer selected and a marker where last year's answer goes; a request then
only puts `checked` on the selected answer and fills in last year's label. A
question with an error (rare: a refused save) takes the template as before, and so
does a draft questionnaire, which an admin may still edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from crispy_forms.layout import LayoutObject
from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from crispy_forms.utils import get_template_pack, render_field
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# Off only in the test that compares the two paths.
ENABLED = True
# Not HTML-special, so escaping leaves it as it is, and no question text holds it.
_MARKER = "LMMLASTYEARx7f3a9c"
_markup: dict[tuple, _Markup] = {}


@dataclass(frozen=True)
class _Markup:
    head: str
    # The last-year line, with the marker in place of the label.
    last_year: str
    # The rest, cut where `checked` goes: one cut per answer, in choice order.
    pieces: tuple[str, ...]
    values: tuple[str, ...]


class FrozenQuestion(LayoutObject):
    """One question of a published questionnaire in a StepForm's crispy layout."""

    def __init__(self, code: str, version_key: tuple):
        self.code = code
        self.version_key = version_key
        self.fields = []

    def render(self, form, context, template_pack=None, **kwargs):
        bound = form[self.code]
        if not ENABLED or bound.errors:
            return render_field(self.code, form, context, template_pack=template_pack)
        key = (
            *self.version_key,
            self.code,
            get_language(),
            str(bound.field.follow_up_intro),
        )
        markup = _markup.get(key)
        if markup is None:
            markup = _markup[key] = _build(form, self.code, template_pack)
        selected = set(bound.field.widget.format_value(bound.value()))
        parts = [markup.head]
        if bound.field.last_year:
            parts.append(
                markup.last_year.replace(
                    _MARKER, conditional_escape(bound.field.last_year)
                )
            )
        for value, piece in zip(markup.values, markup.pieces, strict=False):
            parts.append(piece)
            if value in selected:
                parts.append(" checked")
        parts.append(markup.pieces[-1])
        return mark_safe("".join(parts))  # noqa: S308 - all of it rendered by the template


def questions_html(form) -> str | None:
    """The step form's questions as `{% crispy form %}` renders them, without the
    tag's per-request setup (a tenth of the page's server time); None when the
    template must render them: a draft version, or an error to show."""
    layout = form.helper.layout
    if not ENABLED or form.errors or not layout:
        return None
    if not all(isinstance(item, FrozenQuestion) for item in layout.fields):
        return None
    pack = get_template_pack()
    html = "".join(
        item.render(form, None, template_pack=pack) for item in layout.fields
    )
    # What crispy's {% specialspaceless %} does to the whole form, and the line
    # breaks its template leaves around it: the page stays byte for byte the same.
    return mark_safe(f"\n\n{remove_spaces(html.strip())}\n")  # noqa: S308 - see render()


def _build(form, code: str, template_pack) -> _Markup:
    """Render the question once, unanswered, with the marker as last year's answer."""
    field = form.fields[code]
    question = next(q for q in form.questions if q.code == code)
    blank = type(form)(
        questions=[question],
        choices=form.choices,
        last_year={code: _MARKER},
        follow_up_intros={code: field.follow_up_intro} if field.follow_up_intro else {},
    )
    # What crispy sets on a form it renders.
    blank.crispy_field_template = form.helper.field_template
    blank.rendered_fields = set()
    html = str(render_field(code, blank, Context(), template_pack=template_pack))
    start = html.find('<div class="form-text mt-0 mb-1 lmm-last-year">')
    if start < 0 or _MARKER not in html:
        raise ValueError(f"no last-year line in the markup of {code}")
    end = html.index("</div>", html.index(_MARKER)) + len("</div>")
    head, last_year, rest = html[:start], html[start:end], html[end:]
    values, pieces = [], []
    for option in blank[code].subwidgets:
        # `checked` goes right before the input's closing ">".
        cut = f' id="{option.id_for_label}">'
        at = rest.index(cut) + len(cut) - 1
        pieces.append(rest[:at])
        rest = rest[at:]
        values.append(str(option.data["value"]))
    pieces.append(rest)
    return _Markup(
        head=head, last_year=last_year, pieces=tuple(pieces), values=tuple(values)
    )
