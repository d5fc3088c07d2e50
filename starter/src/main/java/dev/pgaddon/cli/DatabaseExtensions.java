package dev.pgaddon.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** database-extensions-enable and -disable: the same command but for the request. */
final class DatabaseExtensions {
  private DatabaseExtensions() {}

  static String path(String app, String addonId) {
    return ApiClient.addonPath(app, addonId) + "/database/extensions";
  }

  abstract static class Change implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin AppOptions appOptions;
    @Mixin AddonOptions addonOptions;
    @Mixin OutputOptions output;

    @Parameters(index = "0", paramLabel = "EXTENSION")
    String name;

    abstract ApiClient.Response send(ApiClient api, String path);

    abstract String done();

    @Override
    public Integer call() {
      String path = path(appOptions.requireApp(), addonOptions.requireAddon());
      ApiClient api = ApiClient.of(spec);
      DatabaseUsers.finish(api, send(api, path), spec.commandLine().getOut(), output,
          "Extension \"" + name + "\" " + done());
      return 0;
    }
  }

  @Command(name = "database-extensions-enable", description = "Enable an extension (CREATE EXTENSION IF NOT EXISTS)")
  static final class Enable extends Change {
    @Override
    ApiClient.Response send(ApiClient api, String path) {
      return api.send("POST", path, Map.of("extension", Map.of("name", name)));
    }

    @Override
    String done() {
      return "enabled";
    }
  }

  @Command(name = "database-extensions-disable", description = "Disable an extension (DROP EXTENSION IF EXISTS)")
  static final class Disable extends Change {
    @Override
    ApiClient.Response send(ApiClient api, String path) {
      return api.send("DELETE", path + "/" + ApiClient.segment(name), null);
    }

    @Override
    String done() {
      return "disabled";
    }
  }
}
