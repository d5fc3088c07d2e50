package dev.pgaddon.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "login", description = "Check an API token (read from standard input) and save it with the API URL"
    + " in ~/.config/pgaddon/credentials (mode 0600)")
final class LoginCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--api-url", paramLabel = "URL",
      description = "The pgaddon API (default: PGADDON_API_URL, the saved one, or " + ApiConfig.DEFAULT_URL + ")")
  String apiUrl;

  /** Standard input; tests give their own. */
  InputStream in = System.in;

  @Override
  public Integer call() throws IOException {
    CliSettings settings = CliSettings.of(spec);
    String url = apiUrl != null ? apiUrl.strip() : settings.url();
    String token = readToken();
    if (token.isEmpty()) {
      throw new CliError(CliError.INVALID, "no token on standard input");
    }
    ApiClient api = new ApiClient(url, token);
    ApiClient.Response answer = api.exchange("GET", "/v1/addon_providers/postgresql/plans", null);
    if (answer.status() == 401) {
      throw new CliError(CliError.INVALID, "invalid token: the pgaddon API at " + api.baseUrl() + " refused it");
    }
    api.check(answer);
    Path file = settings.credentialsFile();
    ApiConfig.write(file, api.baseUrl(), token);
    spec.commandLine().getOut().println("-----> Logged in to " + api.baseUrl() + "; credentials saved in " + file);
    return 0;
  }

  /** One line; from a terminal without echo. */
  private String readToken() throws IOException {
    Console console = System.console();
    if (console != null && in == System.in) {
      char[] typed = console.readPassword("pgaddon API token: ");
      return typed == null ? "" : new String(typed).strip();
    }
    String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    return line == null ? "" : line.strip();
  }
}
