package dev.pgaddon.cli;

import dev.pgaddon.api.body.BackupBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The archive is copied as it arrives (a backup can be larger than the machine's memory), into
 * FILE.part renamed once complete: an interrupted download never leaves a FILE that looks whole.
 */
@Command(name = "backups-download",
    description = "Download a backup: one tar of a data directory that PostgreSQL starts on (default: the newest finished backup)")
final class BackupsDownloadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin AddonOptions addonOptions;

  @Option(names = "--backup", paramLabel = "BACKUP_ID", description = "The backup (default: the newest finished one)")
  String backupId;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Where to write it, - for standard output (default: <addon_id>-<backup_id>.tar here); never overwritten")
  String output;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    String addonId = addonOptions.requireAddon();
    ApiClient api = ApiClient.of(spec);
    String id = backupId != null ? backupId : newestDone(api, app, addonId);
    String archive = Backups.path(app, addonId) + "/" + ApiClient.segment(id) + "/archive";
    if ("-".equals(output)) {
      long bytes = toStdout(api.download(archive), id);
      spec.commandLine().getErr().println("-----> Backup " + id + " of addon " + addonId + " written to standard output ("
          + bytes + " bytes, " + Backups.size(bytes) + ")");
      return 0;
    }
    Path file = file(output != null ? output : addonId + "-" + id + ".tar");
    Path part = file.resolveSibling(file.getFileName() + ".part");
    if (Files.exists(file) || Files.exists(part)) {
      throw exists(Files.exists(file) ? file : part);
    }
    long bytes = toFile(api.download(archive), part, id);
    try {
      Files.move(part, file);
    } catch (IOException e) {
      throw new CliError(CliError.FAILED, "backup " + id + " was downloaded to " + part + " but cannot be renamed to "
          + file + ": " + reason(e));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("-----> Backup " + id + " of addon " + addonId + " written to " + file.toAbsolutePath().normalize()
        + " (" + bytes + " bytes, " + Backups.size(bytes) + ")");
    return 0;
  }

  private static String newestDone(ApiClient api, String app, String addonId) {
    for (BackupBody b : api.get(Backups.path(app, addonId), BackupBody.Many.class).backups()) {
      if ("done".equals(b.status())) {
        return b.id();
      }
    }
    throw new CliError(CliError.INVALID, "addon " + addonId + " has no finished backup to download: make one with backups-create");
  }

  private static long toFile(InputStream archive, Path part, String id) {
    long[] copied = {0};
    try (InputStream in = archive; OutputStream out = create(part)) {
      copy(in, out, copied);
      return copied[0];
    } catch (IOException e) {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // the message below names the file
      }
      throw new CliError(CliError.FAILED, "download of backup " + id + " stopped after " + copied[0] + " bytes ("
          + reason(e) + "); the partial file " + part + " was removed");
    }
  }

  private static long toStdout(InputStream archive, String id) {
    PrintStream stdout = System.out;
    long[] copied = {0};
    try (InputStream in = archive) {
      copy(in, stdout, copied);
    } catch (IOException e) {
      throw new CliError(CliError.FAILED, "download of backup " + id + " stopped after " + copied[0] + " bytes ("
          + reason(e) + "): what was written is incomplete");
    }
    stdout.flush();
    if (stdout.checkError()) {
      throw new CliError(CliError.FAILED, "writing backup " + id + " to standard output failed after " + copied[0] + " bytes");
    }
    return copied[0];
  }

  /** Counts as it goes, so a failure can say how far it got. */
  private static void copy(InputStream in, OutputStream out, long[] copied) throws IOException {
    byte[] buffer = new byte[1 << 16];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
      copied[0] += n;
    }
  }

  private static OutputStream create(Path part) {
    try {
      return Files.newOutputStream(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw exists(part);
    } catch (IOException e) {
      throw new CliError(CliError.INVALID, "cannot create " + part + ": " + reason(e) + "; nothing was downloaded");
    }
  }

  private static Path file(String name) {
    try {
      return Path.of(name);
    } catch (InvalidPathException e) {
      throw new CliError(CliError.INVALID, "invalid output file '" + name + "': " + e.getReason());
    }
  }

  private static CliError exists(Path file) {
    return new CliError(CliError.INVALID, file + " exists already: remove it or choose another file with -o;"
        + " nothing was downloaded");
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
