package dev.wxauth.server.web;

import java.util.Base64;
import java.util.UUID;

import dev.wxauth.server.user.Avatars;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /avatars/{id}}: an avatar a person chose, as its bytes are (the type read from them when it was
 * uploaded), cached by anyone for an hour: what an id shows never changes (a new avatar gets a new id), but an avatar
 * is deleted once its person's picture no longer names it or the person is gone, and caches must let it go soon
 * after. Its {@code ETag} is its SHA-256, so that a cache asking again after the hour gets a 304. An unknown id or
 * one that is no id is not found. The headers that keep it an image are its filter chain's
 * ({@link PublishedAvatars}).
 */
@RestController
final class AvatarController {

	private static final String AN_HOUR = "public, max-age=3600";

	private final Avatars avatars;

	AvatarController(Avatars avatars) {
		this.avatars = avatars;
	}

	@GetMapping(Avatars.PATH + "{id}")
	ResponseEntity<byte[]> avatar(@PathVariable String id) {
		UUID avatarId = canonical(id);
		if (avatarId == null) {
			return ResponseEntity.notFound().build();
		}
		return this.avatars.find(avatarId)
			.map((avatar) -> ResponseEntity.ok()
				.contentType(MediaType.parseMediaType(avatar.contentType()))
				.header(HttpHeaders.CACHE_CONTROL, AN_HOUR)
				.eTag(Base64.getUrlEncoder().withoutPadding().encodeToString(avatar.sha256()))
				.body(avatar.bytes()))
			.orElseGet(() -> ResponseEntity.notFound().build());
	}

	/** The id as we write it, or {@code null}: one avatar has one URL. */
	private static @Nullable UUID canonical(String id) {
		try {
			UUID uuid = UUID.fromString(id);
			return uuid.toString().equals(id) ? uuid : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
