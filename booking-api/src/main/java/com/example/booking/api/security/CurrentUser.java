package com.example.booking.api.security;

import com.example.booking.shared.UserId;
import org.springframework.security.core.Authentication;

/** Who is calling, as the edges need it: the user id and whether they are an admin. */
public record CurrentUser(UserId id, boolean admin) {

    public static CurrentUser of(Authentication authentication) {
        boolean admin = authentication.getAuthorities().stream()
                .anyMatch(authority -> "ROLE_ADMIN".equals(authority.getAuthority()));
        return new CurrentUser(new UserId(authentication.getName()), admin);
    }

    public boolean owns(String userId) {
        return id.value().equals(userId);
    }
}
