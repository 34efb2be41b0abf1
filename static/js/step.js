// Questionnaire step: focus the error summary, follow its links to the question,
// and show the ownership follow-up only while the diagnostic answers ask for it.
// Without this script the page still works: the follow-up stays shown.
(function () {
  "use strict";

  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var input = link && document.getElementById(link.hash.slice(1));
      if (!input) {
        return;
      }
      event.preventDefault();
      (input.closest("fieldset") || input).scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }

  var ruleElement = document.getElementById("lmm-follow-up");
  var form = document.querySelector("form.lmm-step");
  if (!ruleElement || !form) {
    return;
  }
  var rule = JSON.parse(ruleElement.textContent);
  var question = document.getElementById("div_id_" + rule.code);
  if (!question) {
    return;
  }

  function isNeeded() {
    var cap = rule.levelMax;
    var codes = Object.keys(rule.caps);
    for (var i = 0; i < codes.length; i++) {
      var checked = form.querySelector(
        "input[name='" + codes[i] + "']:checked"
      );
      if (!checked) {
        return false;
      }
      if (Number(checked.value) === rule.noValue) {
        cap = Math.min(cap, rule.caps[codes[i]]);
      }
    }
    return cap === rule.askedAtCap;
  }

  function update() {
    var needed = isNeeded();
    question.hidden = !needed;
    question.querySelectorAll("input").forEach(function (input) {
      input.disabled = !needed;
    });
  }

  form.addEventListener("change", update);
  update();
})();
