package io.hashmatch.service.ops;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.security.SecuritySchemes;

/**
 * The head of the OpenAPI document that micronaut-openapi writes at build time from the controllers
 * ({@code META-INF/swagger/hashmatch-<version>.yml}, served at {@code /swagger/}, browsable at
 * {@code /swagger-ui/index.html}): title, and the two ways of sending an API key, required by every operation.
 *
 * <p>Carries annotations only; never instantiated.
 */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "hashmatch",
                        version = "1",
                        description =
                                "Matches images and hashes (PDQ, MD5, SHA-1, SHA-256) against known-hash lists. Every route but"
                                        + " GET /status/live and GET /health/liveness needs an API key (role match, or admin for list management"
                                        + " and metrics).",
                        license = @License(name = "see the project's repository")),
        security = {@SecurityRequirement(name = "bearer"), @SecurityRequirement(name = "apiKey")})
@SecuritySchemes({
    @SecurityScheme(
            name = "bearer",
            type = SecuritySchemeType.HTTP,
            scheme = "bearer",
            description = "Authorization: Bearer <key>"),
    @SecurityScheme(
            name = "apiKey",
            type = SecuritySchemeType.APIKEY,
            in = SecuritySchemeIn.HEADER,
            paramName = "X-API-Key",
            description = "X-API-Key: <key>")
})
final class OpenApiDefinition {
    private OpenApiDefinition() {}
}
