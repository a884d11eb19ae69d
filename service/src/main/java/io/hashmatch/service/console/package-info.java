/**
 * The web console for trust-and-safety staff ({@code /console/}): its static files live in the jar under
 * {@code console/} (plain HTML, CSS and ES modules, no build step, no external resource), served by Micronaut's
 * static resources; this package adds only what the console asks the service and the API lacked: who a key is
 * ({@link io.hashmatch.service.console.ConsoleController#session}) and the admin's activity view (metrics, latest
 * audit lines, chain verification).
 */
@NullMarked
package io.hashmatch.service.console;

import org.jspecify.annotations.NullMarked;
