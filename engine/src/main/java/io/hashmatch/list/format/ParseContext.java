package io.hashmatch.list.format;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What every parser of one input shares: its name, the options, the warnings so far. Not thread-safe. */
final class ParseContext {
    /** Warnings kept in memory per input; later ones are only counted. */
    static final int MAX_WARNINGS = 1000;

    final String file;
    final ReadOptions options;
    private final String defaultSourceList;
    private final List<ListWarning> warnings = new ArrayList<>();
    private long warningCount;

    ParseContext(String file, String defaultSourceList, ReadOptions options) {
        this.file = file;
        this.defaultSourceList = defaultSourceList;
        this.options = options;
    }

    ListFormatException error(int line, int column, String reason) {
        return new ListFormatException(file, line, column, reason);
    }

    ListFormatException error(int line, int column, String reason, ListFormatException.Remedy remedy) {
        return new ListFormatException(file, line, column, reason, remedy);
    }

    void warn(int line, String reason) {
        warningCount++;
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(new ListWarning(file, line, reason));
        }
    }

    List<ListWarning> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    long warningCount() {
        return warningCount;
    }

    /** The source list of an entry: the caller's name, else the list's own ({@code own}), else the file's. */
    String sourceList(@Nullable String own) {
        if (options.sourceList() != null) {
            return options.sourceList();
        }
        return own != null && !own.isEmpty() ? own : defaultSourceList;
    }
}
