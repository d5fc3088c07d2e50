package dev.pgaddon.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a program of the node image (images/postgresql/bin/pgaddon-*) reports: its last output line
 * is {@code {"outcome":"NAME", "key":"value"...}}. Decisions read the outcome, never the log.
 *
 * @param values the line's other fields
 * @param log the container's last lines, for errors and the worker's log
 */
public record ScriptResult(Outcome outcome, Map<String, String> values, int exitCode, String log) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every outcome a program can report; each program's header says which of these it uses. */
  public enum Outcome {
    DONE, NOTHING_TO_DO, ALREADY_DONE,
    /** pgaddon-rejoin: the former primary follows the new one. */
    REWOUND,
    /** pgaddon-rejoin: no data directory to rewind, or pg_rewind failed: rebuild from a base backup. */
    REBUILD_NEEDED,
    COMPATIBLE, INCOMPATIBLE,
    UPGRADED, SWAP_FINISHED,
    RESTORED,
    /** pgaddon-restore: the epoch's archive ends before the target, replayed to its end. */
    REPLAYED_TO_END,
    PUT_BACK,
    /** pgaddon-store-verify: the store's copy of the backup set read back intact, or not, or not there yet. */
    VERIFIED, CORRUPT, NOT_SHIPPED,
    /** The program refused what it was asked: running it again would not help (exit 4). */
    REFUSED,
    /** PostgreSQL's pg_upgrade failed (exit 4): its reason is the message. */
    UPGRADE_FAILED,
    /** The program was called with wrong arguments: a defect of the worker. */
    USAGE,
    /** The program stopped on an error before it could decide (no result line, or one saying so). */
    FAILED
  }

  public String message() {
    return values.getOrDefault("message", "");
  }

  public String value(String key) {
    return values.get(key);
  }

  public long number(String key) {
    String v = values.get(key);
    return v == null || !v.matches("-?[0-9]{1,18}") ? 0 : Long.parseLong(v);
  }

  /** The message, or the log's last lines when the program gave none. */
  public String explanation() {
    String message = message();
    return message.isBlank() ? lastLines(log, 3) : message;
  }

  /** The last result line of a program's output; without one, a FAILED result carrying the log. */
  public static ScriptResult parse(int exitCode, String output) {
    List<String> lines = output.strip().lines().toList();
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i).strip();
      if (!line.startsWith("{\"outcome\":")) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        Outcome outcome = Outcome.valueOf(node.path("outcome").asText());
        Map<String, String> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> {
          if (!f.getKey().equals("outcome")) {
            values.put(f.getKey(), f.getValue().asText());
          }
        });
        return new ScriptResult(outcome, Map.copyOf(values), exitCode, output);
      } catch (JsonProcessingException | IllegalArgumentException notAResult) {
        break;
      }
    }
    return new ScriptResult(Outcome.FAILED, Map.of(), exitCode, output);
  }

  public static String lastLines(String text, int count) {
    String[] lines = text.strip().split("\n");
    return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - count), lines.length));
  }
}
