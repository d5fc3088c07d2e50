package dev.pgaddon.api;

import dev.pgaddon.backup.BackupRepository;
import dev.pgaddon.control.BackupRecord;
import io.javalin.http.Context;
import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup as one tar stream of a data directory that starts alone: pg_basebackup's base.tar, with
 * its pg_wal.tar under pg_wal/. Extract it into an empty directory (mode 0700) and start postgres on it.
 */
final class BackupDownload {
  private static final Logger log = LoggerFactory.getLogger(BackupDownload.class);
  private static final String AUTO_CONF = "postgresql.auto.conf";

  private final BackupRepository repository;
  private final long recheckBytes;
  private final Duration recheckEvery;

  /** The caller's credential is asked again every 16 MiB sent, or every 10 seconds. */
  BackupDownload(BackupRepository repository) {
    this(repository, 16L << 20, Duration.ofSeconds(10));
  }

  BackupDownload(BackupRepository repository, long recheckBytes, Duration recheckEvery) {
    this.repository = repository;
    this.recheckBytes = recheckBytes;
    this.recheckEvery = recheckEvery;
  }

  /**
   * Streams the backup; when {@code stillAllowed} turns false (token revoked, session ended) the
   * connection is cut, so the client sees a truncated transfer, never a complete archive.
   */
  void send(Context ctx, String addonId, BackupRecord backup, BooleanSupplier stillAllowed) {
    List<String> dir = new ArrayList<>();
    dir.add(BackupRepository.requireAddonDirectoryName(addonId));
    dir.addAll(List.of(BackupRepository.backupPath(backup.systemId(), backup.id()).split("/")));
    try (InputStream base = open(dir, "base.tar", backup); InputStream wal = open(dir, "pg_wal.tar", backup)) {
      ctx.contentType("application/x-tar");
      ctx.header("Content-Disposition", "attachment; filename=\"" + addonId + "-" + backup.id() + ".tar\"");
      ctx.header("Cache-Control", "no-store");
      ctx.status(200);
      OutputStream raw = new CheckedOutputStream(ctx.outputStream(), stillAllowed, recheckBytes, recheckEvery);
      TarArchiveOutputStream out = new TarArchiveOutputStream(raw);
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      copy(base, "", out);
      copy(wal, "pg_wal/", out);
      out.finish();
      out.flush();
    } catch (IOException e) {
      // The answer has begun: no error can be sent any more. Closing the connection (not the response,
      // which would end the chunked body cleanly) makes the client see a broken transfer, never an
      // archive that looks complete.
      if (e instanceof AccessEnded || e.getCause() instanceof AccessEnded) {
        log.info("download of backup {} of {} stopped: {}", backup.id(), addonId, e.getMessage());
      } else {
        log.warn("download of backup {} of {} broke off: {}", backup.id(), addonId, e.toString());
      }
      ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection().getEndPoint().close();
    }
  }

  /**
   * A file of the backup, opened without following a link: the addon's nodes can write in its
   * directory of the repository, and a link there could point at any file the API may read.
   */
  private InputStream open(List<String> dir, String name, BackupRecord backup) {
    try {
      return new BufferedInputStream(RepositoryFiles.open(repository.root(), dir, name), 1 << 16);
    } catch (RepositoryFiles.UnsafeFile unsafe) {
      log.warn("backup {}: {} (not sent)", backup.id(), unsafe.getMessage());
      throw new ApiError(409, "unsafe_backup", "backup " + backup.id() + " is not sent: " + unsafe.getMessage()
          + " in the backup repository; the addon's nodes can write there, so ask the operator to check it");
    } catch (IOException missing) {
      throw new ApiError(503, "unavailable", "the files of backup " + backup.id() + " cannot be read here: the API"
          + " must run where the backup repository (PGADDON_BACKUP_ROOT) is mounted");
    }
  }

  /**
   * The addon's own replication settings are left out of the copy: a follower it waits for
   * (synchronous_standby_names: a lone copy would hang on its first commit) and the primary it
   * followed (primary_conninfo, which holds the internal replication password).
   */
  static byte[] withoutPlatformSettings(byte[] autoConf) {
    String kept = new String(autoConf, StandardCharsets.UTF_8).lines()
        .filter(l -> !l.matches("\\s*(synchronous_standby_names|primary_conninfo|primary_slot_name)\\s*=.*"))
        .map(l -> l + "\n").collect(java.util.stream.Collectors.joining());
    return kept.getBytes(StandardCharsets.UTF_8);
  }

  private static void copy(InputStream file, String prefix, TarArchiveOutputStream out) throws IOException {
    try (TarArchiveInputStream in = new TarArchiveInputStream(file)) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        boolean settings = prefix.isEmpty() && AUTO_CONF.equals(entry.getName());
        entry.setName(prefix + entry.getName());
        if (settings) {
          byte[] kept = withoutPlatformSettings(in.readAllBytes());
          entry.setSize(kept.length);
          out.putArchiveEntry(entry);
          out.write(kept);
        } else {
          out.putArchiveEntry(entry);
          if (entry.isFile()) {
            in.transferTo(out);
          }
        }
        out.closeArchiveEntry();
      }
    }
  }

  /** The client may no longer read what is being sent. */
  static final class AccessEnded extends IOException {
    AccessEnded(String message) {
      super(message);
    }
  }

  /** Asks {@code stillAllowed} every {@code everyBytes} written or {@code every}, whichever comes first. */
  static final class CheckedOutputStream extends FilterOutputStream {
    private final BooleanSupplier stillAllowed;
    private final long everyBytes;
    private final long everyNanos;
    private long sinceCheck;
    private long checkedAt = System.nanoTime();

    CheckedOutputStream(OutputStream out, BooleanSupplier stillAllowed, long everyBytes, Duration every) {
      super(out);
      this.stillAllowed = stillAllowed;
      this.everyBytes = everyBytes;
      this.everyNanos = every.toNanos();
    }

    @Override
    public void write(int b) throws IOException {
      check(1);
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      check(len);
      out.write(b, off, len);
    }

    private void check(int len) throws IOException {
      sinceCheck += len;
      if (sinceCheck >= everyBytes || System.nanoTime() - checkedAt >= everyNanos) {
        if (!stillAllowed.getAsBoolean()) {
          throw new AccessEnded("the token was revoked or the session ended");
        }
        sinceCheck = 0;
        checkedAt = System.nanoTime();
      }
    }
  }
}
