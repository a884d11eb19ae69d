package io.hashmatch.service.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hashmatch.list.ListImportException;
import io.hashmatch.list.format.ReadOptions;
import io.hashmatch.service.lists.ImportOptionNames;
import io.hashmatch.service.lists.ListInfo;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.lists.ListSource;
import io.hashmatch.service.security.ApiError;
import io.hashmatch.service.security.RequiredRole;
import io.hashmatch.service.security.Role;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The list routes of the {@code /v1} API.
 *
 * <ul>
 *   <li>{@code GET /v1/lists} → {@code {"lists":[{name, version, entries, pdqHashes, exactHashes, checksum, created,
 *       loadedSince, origin}]}};</li>
 *   <li>{@code PUT /v1/lists/{name}} (admin): the body is a list in any format {@code hashmatch list import} reads;
 *       query parameters {@code format} (auto, te, te-csv, vics, hex), {@code kind} (pdq, md5, sha1, sha256: for hex
 *       lists of 64 digits), {@code duplicates} (reject, keep-first), {@code version} (default: the next number). It
 *       is imported to a new snapshot and swapped in atomically → {@code {"list":{..}}}. An invalid line →
 *       422 {@code invalid_list} with the line (and column) in {@code details}; nothing changes;</li>
 *   <li>{@code DELETE /v1/lists/{name}} (admin) → 204; requests in flight finish on the list.</li>
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
@Controller("/v1/lists")
@ExecuteOn(TaskExecutors.IO)
final class ListsController {
    private final ListRegistry registry;

    ListsController(ListRegistry registry) {
        this.registry = registry;
    }

    /** @param lists the served lists (written even when empty) */
    @Serdeable
    record ListsAnswer(
            @JsonInclude(JsonInclude.Include.ALWAYS) List<ListInfo> lists) {}

    /** @param list the list just put */
    @Serdeable
    record ListAnswer(ListInfo list) {}

    @Get(produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    ListsAnswer lists() {
        try (ListLease lease = registry.acquire()) {
            return new ListsAnswer(lease.lists());
        }
    }

    @Put(
            uri = "/{name}",
            consumes = {MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN, "text/csv", MediaType.APPLICATION_JSON
            },
            produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.ADMIN)
    ListAnswer put(
            @PathVariable String name,
            @Body byte[] list,
            @QueryValue @Nullable String format,
            @QueryValue @Nullable String kind,
            @QueryValue @Nullable String duplicates,
            @QueryValue @Nullable String version) {
        checkName(name);
        if (list.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "empty_list", "the body is empty: send the list file");
        }
        ReadOptions options;
        try {
            options = new ReadOptions(
                    format == null ? null : ImportOptionNames.format(format),
                    kind == null ? null : ImportOptionNames.kind(kind),
                    null,
                    duplicates == null ? ReadOptions.Duplicates.REJECT : ImportOptionNames.duplicates(duplicates));
        } catch (IllegalArgumentException e) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_parameter",
                    Objects.requireNonNullElse(e.getMessage(), "invalid parameter"));
        }
        if (version != null && (version.isBlank() || version.length() > 128)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_parameter", "version must be 1-128 characters");
        }
        try {
            return new ListAnswer(registry.put(name, list, options, version));
        } catch (ListImportException e) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "invalid_list",
                    "the list was not imported: line " + e.line() + ": " + e.reason()
                            + (e.listError().remedy() == null
                                    ? ""
                                    : "; "
                                            + ImportOptionNames.remedy(
                                                    Objects.requireNonNull(
                                                            e.listError().remedy()),
                                                    "",
                                                    "=")),
                    List.of(ApiError.Detail.ofLine(e.line(), e.listError().column(), e.reason())));
        } catch (IOException e) {
            throw new ApiException(
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    "import_failed",
                    "the list could not be stored: " + e.getMessage());
        }
    }

    @Delete(uri = "/{name}")
    @RequiredRole(Role.ADMIN)
    HttpResponse<Void> delete(@PathVariable String name) {
        checkName(name);
        boolean deleted;
        try {
            deleted = registry.delete(name);
        } catch (IOException e) {
            throw new ApiException(
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    "delete_failed",
                    "the deletion could not be recorded (the list is still served): " + e.getMessage());
        }
        if (!deleted) {
            throw new ApiException(HttpStatus.NOT_FOUND, "unknown_list", "no list named '" + name + "'");
        }
        return HttpResponse.noContent();
    }

    /** Refuses a name that is not a list name with 400 {@code invalid_list_name}: the one check of every list route. */
    static void checkName(String name) {
        try {
            ListSource.checkName(name);
        } catch (IllegalArgumentException e) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_list_name",
                    Objects.requireNonNullElse(e.getMessage(), "invalid list name"));
        }
    }
}
