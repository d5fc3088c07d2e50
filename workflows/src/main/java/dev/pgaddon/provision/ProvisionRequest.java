package dev.pgaddon.provision;

/** @param version a PostgreSQL version such as "15.20", or null for the newest the platform offers */
public record ProvisionRequest(String addonId, String app, String planId, String version) {}
