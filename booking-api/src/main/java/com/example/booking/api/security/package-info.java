/** JWT authentication, roles and development tokens. */
package com.example.booking.api.security;
