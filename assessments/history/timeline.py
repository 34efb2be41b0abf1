"""An organisation across years: each year's team result and the viewer's own, and
the change since the previous year. Reads only, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from assessments import scoring
from assessments.models import Membership, Organisation, Response, Round
from assessments.organisations.access import organisations_for_staff
from assessments.teams import anonymity, round_store


@dataclass(frozen=True)
class Viewer:
    """Who reads a history and how much they see.

    `sees_everything` is true for organisation admins: they see results that are one
    person's own (a year with a single respondent).
    """

    organisation: Organisation
    user_id: int
    sees_everything: bool
    # An admin of the organisation (not a consultant reading it): may export its data.
    is_admin: bool = False


def viewer_for(*, user, organisation_id: int) -> Viewer:
    """The user's view of an organisation's history, or 404 for anyone outside it.

    The one access check of the history pages: extend it here for other readers.
    """
    if not user.is_authenticated:
        raise Http404("No such organisation.")
    membership = (
        Membership.objects.filter(organisation_id=organisation_id, user=user)
        .select_related("organisation")
        .first()
    )
    if membership is None:
        # An assigned consultant reads the whole history, read-only.
        organisation = organisations_for_staff(user).filter(pk=organisation_id).first()
        if organisation is None:
            raise Http404("No such organisation.")
        return Viewer(organisation=organisation, user_id=user.pk, sees_everything=True)
    return Viewer(
        organisation=membership.organisation,
        user_id=user.pk,
        sees_everything=membership.is_admin,
        is_admin=membership.is_admin,
    )


@dataclass(frozen=True)
class Year:
    """One round of an organisation as its history shows it."""

    round: Round
    respondents: int
    team: scoring.Result | None
    team_hidden: bool
    own: Response | None
    # An anonymous round with fewer respondents than its threshold: no team result.
    below_threshold: bool = False

    @property
    def own_submitted(self) -> Response | None:
        return self.own if self.own is not None and self.own.is_submitted else None


def _is_hidden(responses: Sequence[Response], *, user_id: int, sees: bool) -> bool:
    # A year with one respondent: the team result is that person's own.
    return not sees and len(responses) == 1 and responses[0].respondent_id != user_id


def _below_threshold(round_: Round, submitted: int) -> bool:
    # An anonymous round's team result is too close to single people's below k,
    # for every reader, as on the round's page.
    return round_.is_anonymous and submitted < anonymity.threshold(round_.organisation)


def _years(
    *,
    organisation_ids: Iterable[int],
    viewers: Mapping[int, Viewer],
    year_below: int | None = None,
) -> dict[int, list[Year]]:
    rounds = Round.objects.filter(organisation_id__in=list(organisation_ids))
    if year_below is not None:
        rounds = rounds.filter(year__lt=year_below)
    rounds = list(
        rounds.select_related("questionnaire", "organisation").order_by("year")
    )
    user_ids = {viewer.user_id for viewer in viewers.values()}
    responses = list(
        Response.objects.filter(round__in=rounds)
        .filter(
            Q(status=Response.Status.SUBMITTED) | Q(respondent_id__in=list(user_ids))
        )
        .order_by("submitted_at", "pk")
    )
    by_round: dict[int, list[Response]] = {r.pk: [] for r in rounds}
    organisation_of = {r.pk: r.organisation_id for r in rounds}
    own: dict[int, Response] = {}
    for response in responses:
        viewer = viewers[organisation_of[response.round_id]]
        if response.respondent_id == viewer.user_id:
            own[response.round_id] = response
        if response.is_submitted:
            by_round[response.round_id].append(response)
    teams = _team_results(rounds, by_round)

    years: dict[int, list[Year]] = {org_id: [] for org_id in viewers}
    for round_ in rounds:
        viewer = viewers[round_.organisation_id]
        members = by_round[round_.pk]
        team = teams.get(round_.pk)
        years[round_.organisation_id].append(
            Year(
                round=round_,
                respondents=len(members),
                team=team,
                team_hidden=_is_hidden(
                    members, user_id=viewer.user_id, sees=viewer.sees_everything
                )
                or _below_threshold(round_, len(members)),
                below_threshold=_below_threshold(round_, len(members)),
                own=own.get(round_.pk),
            )
        )
    return years


def _team_results(
    rounds: Sequence[Round], by_round: Mapping[int, Sequence[Response]]
) -> dict[int, scoring.Result]:
    """Each round's team result as stored when its submissions last changed (the
    worker's refresh): no scoring here. A round not stored yet (written before the
    store, or by an import) is combined and stored once, on its first view."""
    teams: dict[int, scoring.Result] = {}
    for round_ in rounds:
        members = by_round[round_.pk]
        if not members:
            continue
        combined = round_store.round_result_kept(
            round_store.round_key_from(round_, members)
        ) or round_store.round_result_stored(round=round_)
        teams[round_.pk] = combined.team.result
    return teams


def organisation_years(*, viewer: Viewer) -> list[Year]:
    """Every round of the organisation, oldest first, with the team result and the
    viewer's own response; three queries whatever the number of years or members
    (plus three per questionnaire version this process has not loaded yet)."""
    organisation_id = viewer.organisation.pk
    return _years(
        organisation_ids=[organisation_id], viewers={organisation_id: viewer}
    )[organisation_id]


def past_years_by_organisation(
    *, user, memberships: Sequence[Membership], year: int
) -> dict[int, list[Year]]:
    """For the home page: each organisation's rounds before `year`, newest first."""
    viewers = {
        m.organisation_id: Viewer(
            organisation=m.organisation, user_id=user.pk, sees_everything=m.is_admin
        )
        for m in memberships
    }
    if not viewers:
        return {}
    years = _years(organisation_ids=list(viewers), viewers=viewers, year_below=year)
    return {org_id: list(reversed(rows)) for org_id, rows in years.items()}
