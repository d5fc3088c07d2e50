package dev.pgaddon.cli;

import java.util.ArrayList;
import java.util.List;

/** The seed's ASCII tables: centred upper-case headers, left-aligned cells. */
final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  Table row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object c : cells) {
      row.add(String.valueOf(c));
    }
    rows.add(row);
    return this;
  }

  String render() {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    String rule = rule(widths);
    sb.append(rule);
    sb.append('|');
    for (int i = 0; i < widths.length; i++) {
      int total = widths[i] + 2 - headers.get(i).length();
      int left = total / 2;
      sb.append(" ".repeat(left)).append(headers.get(i)).append(" ".repeat(total - left)).append('|');
    }
    sb.append('\n').append(rule);
    for (List<String> row : rows) {
      sb.append('|');
      for (int i = 0; i < widths.length; i++) {
        sb.append(' ').append(row.get(i)).append(" ".repeat(widths[i] - row.get(i).length() + 1)).append('|');
      }
      sb.append('\n');
    }
    sb.append(rule);
    return sb.toString();
  }

  private static String rule(int[] widths) {
    StringBuilder sb = new StringBuilder("+");
    for (int w : widths) {
      sb.append("-".repeat(w + 2)).append('+');
    }
    return sb.append('\n').toString();
  }
}
