// The API explorer (/docs): Swagger UI over this server's OpenAPI document. A file, not an
// inline script, because the Content-Security-Policy allows scripts from this server only.
// validatorUrl: null — the default badge would call validator.swagger.io
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  validatorUrl: null,
  deepLinking: true,
  tryItOutEnabled: true,
});
