// Keyboard shortcuts for the review queue. Every key only presses a button or follows a
// link that is on the page, so the page works the same without this script.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("decide");
  var picker = document.getElementById("speaker-picker");
  var note = document.getElementById("note");

  function press(id) {
    // No decision without a name for the log: the question comes first.
    var who = document.getElementById("reviewer-name");
    if (who) { who.focus(); return; }
    var button = document.getElementById(id);
    if (button && form) { form.requestSubmit(button); }
  }
  function follow(id) {
    var link = document.getElementById(id);
    if (link) { window.location.assign(link.href); }
  }

  if (picker) {
    picker.addEventListener("keydown", function (event) {
      // Enter in the picker reassigns; it must never fall through to another button.
      if (event.key === "Enter") { event.preventDefault(); press("do-speaker"); }
      if (event.key === "Escape") { picker.blur(); }
    });
  }
  if (note) {
    note.addEventListener("keydown", function (event) {
      // A note goes with the next decision: Enter only hands the keys back.
      if (event.key === "Enter" || event.key === "Escape") { event.preventDefault(); note.blur(); }
    });
  }
  document.querySelectorAll("button.candidate").forEach(function (button) {
    button.addEventListener("click", function () {
      if (picker) { picker.value = button.dataset.name; picker.focus(); }
    });
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ||
        target instanceof HTMLSelectElement) { return; }
    var actions = {
      c: function () { press("do-confirm"); },
      n: function () { press("do-none"); },
      x: function () { press("do-reject"); },
      r: function () { if (picker) { picker.focus(); picker.select(); } },
      t: function () { if (note) { note.focus(); } },
      u: function () { var undo = document.getElementById("undo"); if (undo) { undo.requestSubmit(); } },
      j: function () { follow("next"); },
      k: function () { follow("prev"); }
    };
    var act = actions[event.key];
    if (act) { event.preventDefault(); act(); }
  });
});
