package io.hashmatch.service.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The role a caller needs to use a route: the seam where authentication plugs in. Every controller method of
 * the HTTP API and the console carries one (a test checks it); {@link ApiKeyFilter} reads it from the matched route's
 * annotation metadata ({@code routeMatch.getAnnotationMetadata().enumValue(RequiredRole.class, Role.class)}, the route match
 * being the request attribute {@code HttpAttributes.ROUTE_MATCH}) and answers 401/403.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiredRole {
    /** The role. */
    Role value();
}
