/** The contract's JSON errors and their HTTP statuses. */
package com.example.booking.api.error;
