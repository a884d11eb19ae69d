/**
 * Hotline intake: reports made in the reporter's own browser on {@code /report}, where images are hashed on the device
 * and only their hashes, with what the reporter chooses to add, reach the service; kept in a database (an embedded H2
 * file by default, PostgreSQL for deployments) through Micronaut Data JDBC, its schema made by the Flyway migrations
 * of {@code db/intake}. No client address, image or file name is ever stored.
 */
@NullMarked
package io.hashmatch.service.intake;

import org.jspecify.annotations.NullMarked;
