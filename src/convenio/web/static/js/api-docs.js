// The API reference page: Swagger UI over this server's OpenAPI schema (no inline script).
window.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: node.getAttribute("data-schema"),
    domNode: node,
    deepLinking: true,
    tryItOutEnabled: false,
  });
});
