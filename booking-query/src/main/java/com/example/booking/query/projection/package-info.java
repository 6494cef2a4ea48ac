/** Read models in two slots per projection, and rebuilding one slot while the other keeps serving. */
package com.example.booking.query.projection;
