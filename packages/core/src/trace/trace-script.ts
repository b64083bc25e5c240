/**
 * The trace page's script, inlined: clicking (or pressing Enter on) anything with a `data-detail` shows that
 * detail panel and marks what was chosen. Every text it shows is already in the page, escaped: the script
 * only toggles `hidden` and classes, and never builds HTML from data.
 */
export const TRACE_SCRIPT = `
(function () {
  var current = null;
  function show(id) {
    var panel = document.getElementById('detail-' + id);
    if (!panel) return;
    if (current) current.hidden = true;
    panel.hidden = false;
    current = panel;
    var hint = document.getElementById('details-hint');
    if (hint) hint.hidden = true;
    var marked = document.querySelectorAll('.selected');
    for (var i = 0; i < marked.length; i++) marked[i].classList.remove('selected');
    var chosen = document.querySelectorAll('[data-detail="' + id + '"]');
    for (var j = 0; j < chosen.length; j++) {
      chosen[j].classList.add('selected');
      var row = chosen[j].closest('.row');
      if (row) row.classList.add('selected');
    }
  }
  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target.closest('[data-detail]') : null;
    if (target) show(target.getAttribute('data-detail'));
  });
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    var target = event.target instanceof Element ? event.target.closest('svg [data-detail]') : null;
    if (target) { event.preventDefault(); show(target.getAttribute('data-detail')); }
  });
})();
`;
