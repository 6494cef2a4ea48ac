/** Each user's holds, as a MongoDB read model. */
package com.example.booking.query.hold;
