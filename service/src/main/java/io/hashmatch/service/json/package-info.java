/**
 * The JSON the service writes, for the CLI and the HTTP API alike, through one Jackson streaming setup
 * ({@link io.hashmatch.service.json.JsonOutput}): the match records ({@link io.hashmatch.service.json.MatchJson}) and
 * the hash fields of an image ({@link io.hashmatch.service.json.HashJson}).
 */
@NullMarked
package io.hashmatch.service.json;

import org.jspecify.annotations.NullMarked;
