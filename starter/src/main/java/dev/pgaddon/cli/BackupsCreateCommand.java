package dev.pgaddon.cli;

import dev.pgaddon.api.body.BackupBody;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "backups-create", description = "Make a backup of an addon now and wait until it is done")
final class BackupsCreateCommand implements Callable<Integer> {
  private static final long POLL_MILLIS = 2000;

  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin AddonOptions addonOptions;
  @Mixin OutputOptions output;

  @Option(names = "--no-wait", description = "Return once the backup has started (follow it with 'backups')")
  boolean noWait;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    String addonId = addonOptions.requireAddon();
    ApiClient api = ApiClient.of(spec);
    String path = Backups.path(app, addonId);
    BackupBody backup = api.send("POST", path, null).as(BackupBody.One.class).backup();
    String id = backup.id();
    PrintWriter out = spec.commandLine().getOut();
    if (!output.json) {
      out.println("-----> Backup " + id + " of addon " + addonId + " started");
      out.flush();
    }
    if (!noWait) {
      backup = follow(api, path, id, out);
    }
    if (output.json) {
      output.printJson(out, backup);
    } else if (!noWait) {
      out.println("-----> Backup " + id + " is done (" + Backups.size(backup.size()) + ")");
    }
    return 0;
  }

  /** Polls the list (a backup is no operation) until the backup has ended; its status line as it changes. */
  private BackupBody follow(ApiClient api, String path, String id, PrintWriter out) {
    String printed = null;
    while (true) {
      BackupBody backup = find(api.get(path, BackupBody.Many.class).backups(), id);
      String status = String.valueOf(backup.status());
      if (!output.json && !status.equals(printed)) {
        printed = status;
        out.printf("       [%-7s] %s%n", status, id);
        out.flush();
      }
      if ("done".equals(status)) {
        return backup;
      }
      if (!"running".equals(status)) {
        throw new CliError(CliError.FAILED, "backup " + id + " " + status + ": "
            + (backup.error() == null ? "no reason given" : backup.error()));
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliError(CliError.FAILED, "interrupted while waiting for backup " + id + " (it goes on)");
      }
    }
  }

  private static BackupBody find(List<BackupBody> backups, String id) {
    for (BackupBody b : backups) {
      if (id.equals(b.id())) {
        return b;
      }
    }
    throw new CliError(CliError.FAILED, "backup " + id + " is no longer listed: see 'backups'");
  }
}
