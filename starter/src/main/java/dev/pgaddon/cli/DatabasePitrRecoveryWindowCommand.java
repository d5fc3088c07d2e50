package dev.pgaddon.cli;

import dev.pgaddon.api.body.DatabaseBody;
import dev.pgaddon.api.body.PitrBody;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Times are printed as the API gives them (RFC 3339, UTC), so they can be pasted into database-pitr-restore. */
@Command(name = "database-pitr-recovery-window", description = "Show the times the addon can be restored to (point-in-time recovery)")
final class DatabasePitrRecoveryWindowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin AddonOptions addonOptions;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    String addonId = addonOptions.requireAddon();
    String path = ApiClient.addonPath(appOptions.requireApp(), addonId);
    ApiClient api = ApiClient.of(spec);
    PitrBody pitr = api.get(path + "/database/pitr", PitrBody.One.class).pitr();
    PrintWriter out = spec.commandLine().getOut();
    if (output.json) {
      output.printJson(out, pitr);
      return 0;
    }
    PitrBody.Window window = pitr.recoveryWindow();
    List<PitrBody.Epoch> epochs = pitr.epochs() == null ? List.of() : pitr.epochs();
    String archiving = pitr.archiving() == null ? "ok" : pitr.archiving();
    if (!"ok".equals(archiving)) {
      out.println(" !     WAL archiving is not working (" + archiving + "): the latest recoverable time is the last"
          + " segment archived, not now");
    }
    Long lag = pitr.archiveLagSeconds();
    if (lag != null && lag > PitrBody.ARCHIVE_LAG_WARNING_SECONDS) {
      out.println(" !     The archive is " + lag + " s behind the primary (" + pitr.archiveLagBytes() + " bytes of WAL not"
          + " archived yet): a lost host would take those commits along");
    }
    if (window != null) {
      out.println("Earliest recoverable time: " + window.earliest());
      out.println("Latest recoverable time: " + window.latest());
      if (lag != null) {
        out.println("Archive behind the primary: " + lag + " s (" + pitr.archiveLagBytes() + " bytes of WAL)");
      }
    } else if (epochs.isEmpty()) {
      out.println("Addon " + addonId + " has no finished backup yet, so nothing to restore to: make one with backups-create");
      return 0;
    } else {
      out.println("No finished backup since the last major upgrade: nothing can be restored in place until one is made"
          + " (the daily backup, or backups-create)");
    }
    for (int i = 0; i < epochs.size(); i++) {
      PitrBody.Epoch epoch = epochs.get(i);
      if (!epoch.current()) {
        String upgradedTo = i + 1 < epochs.size() ? String.valueOf(epochs.get(i + 1).major()) : currentMajor(api, path);
        out.println((upgradedTo == null ? "Before the last major upgrade" : "Before the upgrade to PostgreSQL " + upgradedTo)
            + ": PostgreSQL " + epoch.major() + " from " + epoch.earliest() + " to " + epoch.latest()
            + ", restorable into a new addon with --new-addon");
      }
    }
    return 0;
  }

  /** Only when the newest epoch is not the addon's own major: the window cannot say what the addon runs now. */
  private static String currentMajor(ApiClient api, String path) {
    String version = api.get(path + "/database", DatabaseBody.One.class).database().version();
    return version == null || version.isEmpty() ? null : DatabaseUpgradeCommand.majorOf(version);
  }
}
