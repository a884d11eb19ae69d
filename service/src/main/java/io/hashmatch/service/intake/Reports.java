package io.hashmatch.service.intake;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.video.VpdqFrame;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.model.Pageable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
    private final ReportFrameRepository frames;
    private final TransactionOperations<Connection> tx;
    private final Clock clock;

    Reports(
            ReportRepository reports,
            ReportItemRepository items,
            ReportEventRepository events,
            ReportFrameRepository frames,
            @Named(IntakeDatabase.NAME) TransactionOperations<Connection> tx) {
        this.reports = reports;
        this.items = items;
        this.events = events;
        this.frames = frames;
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
                List<ReportFrame> frameRows = new ArrayList<>();
                for (int i = 0; i < s.items().size(); i++) {
                    Submission.Item it = s.items().get(i);
                    for (int k = 0; k < it.frames().size(); k++) {
                        VpdqFrame f = it.frames().get(k);
                        frameRows.add(new ReportFrame(
                                null, id, i, k, f.frameIndex(), f.hash().toHex(), f.quality(), f.timestampSeconds()));
                    }
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
                if (!frameRows.isEmpty()) {
                    frames.saveAll(frameRows);
                }
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

    /** The vPDQ frames of a report's videos by item number, each video's in frame order. */
    Map<Integer, List<VpdqFrame>> frames(long reportId) {
        return tx.executeRead(status -> byItem(frames.findByReportId(reportId)));
    }

    private static Map<Integer, List<VpdqFrame>> byItem(List<ReportFrame> rows) {
        List<ReportFrame> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(ReportFrame::itemNo).thenComparingInt(ReportFrame::frameNo));
        Map<Integer, List<VpdqFrame>> byItem = new TreeMap<>();
        for (ReportFrame f : sorted) {
            byItem.computeIfAbsent(f.itemNo(), k -> new ArrayList<>())
                    .add(new VpdqFrame(f.frameIndex(), f.quality(), PdqHash.fromHex(f.pdq()), f.seconds()));
        }
        return byItem;
    }

    /**
     * One file of a confirmed report, with everything it carries.
     *
     * @param item its hashes
     * @param frames its vPDQ, empty when none
     */
    record ConfirmedItem(ReportItem item, List<VpdqFrame> frames) {}

    /**
     * The files of every report the hotline ever confirmed (whatever its status now) and of report {@code also}, in
     * the order of their first confirmation ({@code also} last unless confirmed before), each report's in item order:
     * one read transaction.
     */
    List<ConfirmedItem> confirmedItems(long also) {
        return tx.executeRead(status -> {
            LinkedHashSet<Long> order = new LinkedHashSet<>();
            for (ReportEvent e : events.findByActionOrderByIdAsc(ReportStatus.CONFIRMED.id())) {
                order.add(e.reportId());
            }
            order.add(also);
            List<ConfirmedItem> all = new ArrayList<>();
            for (long id : order) {
                Map<Integer, List<VpdqFrame>> videos = byItem(frames.findByReportId(id));
                for (ReportItem item : items.findByReportIdOrderByItemNoAsc(id)) {
                    all.add(new ConfirmedItem(item, videos.getOrDefault(item.itemNo(), List.of())));
                }
            }
            return all;
        });
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
