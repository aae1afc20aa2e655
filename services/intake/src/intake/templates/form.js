// Narrows «Subcategoria» to the chosen category's options (without this script every group
// stays listed and the server still checks that the pair belongs together).
(function () {
  var category = document.getElementById("category");
  var subcategory = document.getElementById("subcategory");
  if (!category || !subcategory) return;
  var groups = Array.prototype.slice.call(subcategory.querySelectorAll("optgroup"));
  function narrow() {
    var chosen = category.value;
    var any = false;
    groups.forEach(function (group) {
      var mine = group.getAttribute("data-category") === chosen;
      any = any || mine;
      group.hidden = !mine;
      group.disabled = !mine;
      if (!mine && group.contains(subcategory.selectedOptions[0])) subcategory.value = "";
    });
    subcategory.disabled = !any;
    subcategory.required = any;
    document.getElementById("subcategory-field").hidden = !any;
  }
  category.addEventListener("change", narrow);
  narrow();
})();
