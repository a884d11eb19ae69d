/** Known-hash lists: loading, storing and looking up the lists a scan matches against. */
@NullMarked
package io.hashmatch.list;

import org.jspecify.annotations.NullMarked;
