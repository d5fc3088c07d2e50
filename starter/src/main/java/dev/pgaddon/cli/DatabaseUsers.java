package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
    JsonNode op = OperationFollower.of(api, out, true).follow(accepted);
    String generated = accepted.body().path("password").asText(null);
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
}
