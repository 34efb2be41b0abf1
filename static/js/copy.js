// Copy buttons: copy the text of the field named by data-copy and say so.
// Without this script the field stays selectable by hand.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      var status = document.getElementById(button.dataset.copy + "-status");
      field.select();
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = button.dataset.done;
      });
    });
  });
})();
