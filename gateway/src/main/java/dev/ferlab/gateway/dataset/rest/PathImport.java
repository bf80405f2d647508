package dev.ferlab.gateway.dataset.rest;

import java.util.Map;

/** Import of a dataset the gateway can read: a folder of class folders, a zip of one, or a FER2013 CSV. */
public record PathImport(String path, String name, Map<String, String> labelMapping, Boolean skipInvalid,
        Boolean usageSplits, String importId) {
}
