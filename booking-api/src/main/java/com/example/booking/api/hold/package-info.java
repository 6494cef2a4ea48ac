/** REST endpoints for holds. */
package com.example.booking.api.hold;
