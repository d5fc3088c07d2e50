package dev.pgaddon.api;

import dev.pgaddon.backup.BackupRepository;
import dev.pgaddon.control.BackupRecord;
import io.javalin.http.Context;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A backup as one tar stream of a data directory that starts alone: pg_basebackup's base.tar, with
 * its pg_wal.tar under pg_wal/. Extract it into an empty directory (mode 0700) and start postgres on it.
 */
final class BackupDownload {
  private static final String AUTO_CONF = "postgresql.auto.conf";

  private final BackupRepository repository;

  BackupDownload(BackupRepository repository) {
    this.repository = repository;
  }

  void send(Context ctx, String addonId, BackupRecord backup) {
    Path dir = repository.addonDirectory(addonId).resolve(BackupRepository.backupPath(backup.systemId(), backup.id()));
    Path base = dir.resolve("base.tar");
    Path wal = dir.resolve("pg_wal.tar");
    if (!Files.isReadable(base) || !Files.isReadable(wal)) {
      throw new ApiError(503, "unavailable", "the files of backup " + backup.id() + " cannot be read here: the API"
          + " must run where the backup repository (PGADDON_BACKUP_ROOT) is mounted");
    }
    ctx.contentType("application/x-tar");
    ctx.header("Content-Disposition", "attachment; filename=\"" + addonId + "-" + backup.id() + ".tar\"");
    ctx.status(200);
    try {
      OutputStream raw = ctx.outputStream();
      TarArchiveOutputStream out = new TarArchiveOutputStream(raw);
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      copy(base, "", out);
      copy(wal, "pg_wal/", out);
      out.finish();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("sending backup " + backup.id() + " failed", e);
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

  private static void copy(Path tar, String prefix, TarArchiveOutputStream out) throws IOException {
    try (InputStream file = new BufferedInputStream(Files.newInputStream(tar), 1 << 16);
        TarArchiveInputStream in = new TarArchiveInputStream(file)) {
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
}
