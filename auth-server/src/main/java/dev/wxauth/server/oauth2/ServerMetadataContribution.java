package dev.wxauth.server.oauth2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a feature adds to both of the server's metadata documents, OpenID Connect Discovery's and RFC 8414's, as
 * their claims. The framework takes one customizer per document; the security configuration gives it one that
 * applies every such bean.
 */
@FunctionalInterface
public interface ServerMetadataContribution {

	void contribute(Map<String, Object> metadata);

	/** Adds {@code value} to the list claim {@code name} ({@code grant_types_supported}, ...). */
	@SuppressWarnings("unchecked")
	static void addToList(Map<String, Object> metadata, String name, String value) {
		List<Object> values = (List<Object>) metadata.computeIfAbsent(name, (absent) -> new ArrayList<>());
		if (!values.contains(value)) {
			values.add(value);
		}
	}

}
