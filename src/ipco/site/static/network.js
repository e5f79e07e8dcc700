// Pointing at a node of the network brings its links forward; the picture works without this.
document.querySelectorAll("svg.network").forEach(function (svg) {
  svg.querySelectorAll(".node").forEach(function (node) {
    var id = node.getAttribute("data-id");
    var edges = svg.querySelectorAll('.edge[data-ends~="' + id + '"]');
    node.addEventListener("mouseenter", function () {
      svg.classList.add("focus");
      edges.forEach(function (edge) { edge.classList.add("on"); });
    });
    node.addEventListener("mouseleave", function () {
      svg.classList.remove("focus");
      edges.forEach(function (edge) { edge.classList.remove("on"); });
    });
  });
});
