package dev.pgaddon.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** --addon, as the seed's database-* commands take it (before or after the subcommand). */
public final class AddonOptions {
  private static final Pattern ADDON_ID =
      Pattern.compile("ad-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  @Option(names = "--addon", description = "Addon id (ad-...)", paramLabel = "ADDON_ID")
  String addon;

  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  String requireAddon() {
    if (addon == null && mixee.parent() != null && mixee.parent().userObject() instanceof Pgaddon top) {
      addon = top.addon;
    }
    if (addon == null || !ADDON_ID.matcher(addon).matches()) {
      throw new CliError(CliError.INVALID, addon == null ? "an addon id is required (--addon ad-...)"
          : "invalid addon id '" + addon + "': addon ids look like ad-871546ad-943a-4929-9770-ec7c839d65f5");
    }
    return addon;
  }
}
