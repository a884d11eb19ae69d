package io.hashmatch.service.intake;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.model.Pageable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored reports: submitting one (durable when {@link #submit} returns, once only per submission id), reading
 * them back, and the hotline's status changes.
 *
 * <p>Thread-safe: each call is one database transaction.
 */
@Singleton
final class Reports {
    private final ReportRepository reports;
    private final ReportItemRepository items;
    private final ReportEventRepository events;
    private final TransactionOperations<Connection> tx;
    private final Clock clock;

    Reports(
            ReportRepository reports,
            ReportItemRepository items,
            ReportEventRepository events,
            @Named(IntakeDatabase.NAME) TransactionOperations<Connection> tx) {
        this.reports = reports;
        this.items = items;
        this.events = events;
        this.tx = tx;
        this.clock = Clock.systemUTC();
    }

    /**
     * Stores {@code s} with a new receipt code, committed before this returns; a submission id already stored returns
     * the report stored for it first (a retry, or the same submission racing itself), nothing is stored twice.
     */
    Report submit(Submission s) {
        try {
            return tx.executeWrite(status -> {
                Optional<Report> earlier = reports.findBySubmission(s.submission());
                if (earlier.isPresent()) {
                    return earlier.get();
                }
                Instant now = clock.instant();
                Report r = reports.save(new Report(
                        null,
                        ReceiptCodes.next(),
                        s.submission(),
                        s.lang(),
                        String.join(" ", s.categories()),
                        s.seenWhere(),
                        s.contact(),
                        ReportStatus.RECEIVED.id(),
                        "",
                        now,
                        now));
                long id = idOf(r);
                List<ReportItem> rows = new ArrayList<>(s.items().size());
                for (int i = 0; i < s.items().size(); i++) {
                    Submission.Item it = s.items().get(i);
                    rows.add(new ReportItem(
                            null,
                            id,
                            i,
                            it.kind(),
                            it.md5(),
                            it.sha256(),
                            it.pdq(),
                            it.quality(),
                            it.width(),
                            it.height()));
                }
                items.saveAll(rows);
                return r;
            });
        } catch (DataAccessException e) {
            // the same submission id committed by a concurrent call (unique key): answer with its report
            return reports.findBySubmission(s.submission()).orElseThrow(() -> e);
        }
    }

    /** The report of a normalized receipt code. */
    Optional<Report> byReceipt(String receipt) {
        return tx.executeRead(status -> reports.findByReceipt(receipt));
    }

    /** The report with this case number. */
    Optional<Report> byId(long id) {
        return tx.executeRead(status -> reports.findById(id));
    }

    /** A report's hashes, in the order they were sent. */
    List<ReportItem> items(long reportId) {
        return tx.executeRead(status -> items.findByReportIdOrderByItemNoAsc(reportId));
    }

    /** Up to {@code limit} reports, newest first. */
    List<Report> latest(int limit) {
        return tx.executeRead(status -> reports.findAllOrderByIdDesc(Pageable.from(0, limit)));
    }

    /** Up to {@code limit} reports in {@code status}, oldest first. */
    List<Report> inStatus(ReportStatus s, int limit) {
        return tx.executeRead(status -> reports.findByStatusOrderByIdAsc(s.id(), Pageable.from(0, limit)));
    }

    /** How many reports are in {@code status}. */
    long count(ReportStatus s) {
        return tx.executeRead(status -> reports.countByStatus(s.id()));
    }

    /**
     * Sets a report's status and reason and adds the action to its history, in one transaction; false if there is no
     * such report.
     *
     * @param keyId the id of the key that acted
     */
    boolean act(long id, ReportStatus s, String reason, String keyId) {
        return tx.executeWrite(status -> {
            Instant now = clock.instant();
            if (reports.updateStatusAndStatusReasonAndUpdatedAt(id, s.id(), reason, now) != 1) {
                return false;
            }
            events.save(new ReportEvent(null, id, s.id(), keyId, reason, now));
            return true;
        });
    }

    /** A report's history, oldest action first. */
    List<ReportEvent> history(long reportId) {
        return tx.executeRead(status -> events.findByReportIdOrderByIdAsc(reportId));
    }

    static long idOf(Report r) {
        Long id = r.id();
        if (id == null) {
            throw new IllegalStateException("a saved report has no id");
        }
        return id;
    }
}
