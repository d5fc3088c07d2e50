package dev.pgaddon.cli;

import com.github.dockerjava.api.DockerClient;
import dev.pgaddon.docker.DockerEngine;
import dev.pgaddon.inventory.AddonInventory;
import dev.pgaddon.inventory.AddonView;

/** Finds an app's addon in the inventory, or fails with the seed-like one-liner. */
final class AddonLookup {
  private AddonLookup() {}

  static AddonView require(String app, String addonId) {
    return require(DockerEngine.connectOrExplain(), app, addonId);
  }

  static AddonView require(DockerClient docker, String app, String addonId) {
    return new AddonInventory(docker).ofApp(app).stream()
        .filter(a -> a.addonId().equals(addonId)).findFirst()
        .orElseThrow(() -> new CliError(CliError.INVALID, "unknown addon '" + addonId + "' for app '" + app + "'"));
  }

  static CliError busy(String addonId) {
    return new CliError(CliError.INVALID, "addon " + addonId + " is busy with another operation ("
        + TemporalAccess.runningOperationIfReachable(addonId) + "); try again when it has finished");
  }
}
