// The borrower's pages: a button marked data-print prints the page. A file of our own, so the
// Content-Security-Policy needs no inline handler for it.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
});
