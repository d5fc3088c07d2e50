package dev.pgaddon.operation;

import java.util.List;

/** What an operation has done so far, answered by the workflows' progress query. */
public record Progress(String operation, String addonId, List<StepState> steps, boolean finished, String outcome) {}
