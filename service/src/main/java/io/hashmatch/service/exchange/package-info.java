/**
 * Hash exchanges that keep a served list current by themselves: NCMEC's hash sharing, StopNCII, Meta's
 * ThreatExchange, Tech Against Terrorism and plain URLs of list files, configured under
 * {@code hashmatch.exchanges.<name>} ({@link io.hashmatch.service.exchange.ExchangeConfiguration}), fetched by one
 * client per protocol and applied to a list that changes live by {@link io.hashmatch.service.exchange.ExchangeSync},
 * incrementally from a durable checkpoint ({@link io.hashmatch.service.exchange.SyncLedger}).
 */
@NullMarked
package io.hashmatch.service.exchange;

import org.jspecify.annotations.NullMarked;
