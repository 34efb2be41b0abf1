// Forms marked data-warn-unsaved: once a field has changed, leaving the page by
// any other way than the form's own buttons asks first, so the answers of a step
// are not lost by a click on a link, the back button or closing the tab.
(function () {
  "use strict";
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var changed = false;
    function warn(event) {
      if (changed) {
        event.preventDefault();
        // Older browsers show the dialog only when returnValue is set.
        event.returnValue = "";
      }
    }
    form.addEventListener("input", function () {
      changed = true;
    });
    form.addEventListener("change", function () {
      changed = true;
    });
    form.addEventListener("submit", function () {
      changed = false;
    });
    window.addEventListener("beforeunload", warn);
  });
})();
