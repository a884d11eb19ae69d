/**
 * Programs the build runs on its own outputs, not part of any shipped jar: {@link io.hashmatch.build.ClassFileUpgrade}
 * rewrites old class files of the service jar so that JDK 25's AOT cache can store them.
 */
@NullMarked
package io.hashmatch.build;

import org.jspecify.annotations.NullMarked;
