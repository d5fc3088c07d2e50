package dev.pgaddon.cli;

import dev.pgaddon.api.body.OperationBody;
import dev.pgaddon.api.body.UserBody;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What the database-users-* commands share: the path, the password prompt, the spec's answer. */
final class DatabaseUsers {
  private DatabaseUsers() {}

  static String path(String app, String addonId) {
    return ApiClient.addonPath(app, addonId) + "/database/users";
  }

  static String userPath(String app, String addonId, String username) {
    return path(app, addonId) + "/" + ApiClient.segment(username);
  }

  /**
   * The password: from standard input with {@code --password-stdin} (for scripts), else asked twice
   * without echo. Empty (or no terminal to ask on) means the platform generates one.
   */
  static String password(boolean fromStdin, InputStream stdin) {
    if (fromStdin) {
      return readStdin(stdin);
    }
    Console console = System.console();
    if (console == null) {
      return "";
    }
    char[] first = console.readPassword("Password (leave empty to let the platform generate one): ");
    if (first == null || first.length == 0) {
      return "";
    }
    char[] second = console.readPassword("Confirm password: ");
    try {
      if (!Arrays.equals(first, second)) {
        throw new CliError(CliError.INVALID, "the two passwords differ: nothing was changed");
      }
      return new String(first);
    } finally {
      Arrays.fill(first, '\0');
      if (second != null) {
        Arrays.fill(second, '\0');
      }
    }
  }

  /** All of standard input, less one final newline; bytes that are not UTF-8 are refused, never guessed. */
  static String readStdin(InputStream in) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
      return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
          : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (CharacterCodingException e) {
      throw new CliError(CliError.INVALID, "invalid password: it is not valid UTF-8 text");
    } catch (IOException e) {
      throw new CliError(CliError.FAILED, "cannot read the password from standard input: " + e.getMessage());
    }
  }

  static Map<String, Object> body(Map<String, Object> fields) {
    return Map.of("user", new LinkedHashMap<>(fields));
  }

  /** Follows the operation quietly, then prints the spec's one line. */
  static void finish(ApiClient api, ApiClient.Response accepted, PrintWriter out, OutputOptions output, String done) {
    OperationBody op = OperationFollower.of(api, out, true).follow(accepted);
    String generated = accepted.as(UserBody.Accepted.class).password();
    if (output.json) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("operation", op);
      if (generated != null) {
        json.put("password", generated);
      }
      output.printJson(out, json);
      return;
    }
    out.println(generated == null ? done + "." : done + " with password \"" + generated + "\".");
  }

  /** database-users-create, -update-password and -delete: one user's change, followed to its end. */
  abstract static class Change implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin AppOptions appOptions;
    @Mixin AddonOptions addonOptions;
    @Mixin OutputOptions output;

    @Parameters(index = "0", paramLabel = "USERNAME")
    String username;

    abstract ApiClient.Response send(ApiClient api, String app, String addonId);

    abstract String done();

    @Override
    public Integer call() {
      String app = appOptions.requireApp();
      String addonId = addonOptions.requireAddon();
      ApiClient api = ApiClient.of(spec);
      finish(api, send(api, app, addonId), spec.commandLine().getOut(), output, "User \"" + username + "\" " + done());
      return 0;
    }
  }

  /** The changes that set a password: asked without echo, or read with --password-stdin. */
  abstract static class PasswordChange extends Change {
    @Option(names = "--password-stdin", description = "Read the password from standard input (for scripts); empty: generated")
    boolean passwordStdin;

    /** The body's fields with the password, left out when empty: the platform then generates one. */
    Map<String, Object> withPassword(Map<String, Object> fields) {
      String password = password(passwordStdin, System.in);
      Map<String, Object> all = new LinkedHashMap<>(fields);
      if (!password.isEmpty()) {
        all.put("password", password);
      }
      return all;
    }
  }

  @Command(name = "database-users-create", description = "Create a database user (asks for its password; empty: generated)")
  static final class Create extends PasswordChange {
    @Option(names = "--read-only", description = "The user can read every table and sequence of public, and write nothing")
    boolean readOnly;

    @Override
    ApiClient.Response send(ApiClient api, String app, String addonId) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("username", username);
      fields.put("read_only", readOnly);
      return api.send("POST", path(app, addonId), body(withPassword(fields)));
    }

    @Override
    String done() {
      return "created";
    }
  }

  @Command(name = "database-users-update-password", description = "Change a database user's password (empty: generated)")
  static final class UpdatePassword extends PasswordChange {
    @Override
    ApiClient.Response send(ApiClient api, String app, String addonId) {
      return api.send("PUT", userPath(app, addonId, username) + "/password", body(withPassword(Map.of())));
    }

    /** The spec prints the creation's sentence here too. */
    @Override
    String done() {
      return "created";
    }
  }

  @Command(name = "database-users-delete", description = "Delete a database user (what it owns goes to the default user)")
  static final class Delete extends Change {
    @Override
    ApiClient.Response send(ApiClient api, String app, String addonId) {
      return api.send("DELETE", userPath(app, addonId, username), null);
    }

    @Override
    String done() {
      return "deleted";
    }
  }
}
