import assert from "node:assert/strict";
import {
  dayCurve,
  trafficMultiplier,
  WEEKEND_LIFT,
} from "../../../services/producer/rate_controller.ts";

Deno.test("dayCurve() averages 1 over a day", () => {
  let sum = 0;
  for (let m = 0; m < 24 * 60; m++) sum += dayCurve(m / 60);
  assert.ok(Math.abs(sum / (24 * 60) - 1) < 0.01);
});

Deno.test("dayCurve() is quiet at night, busier at lunch, peaks in the evening", () => {
  const night = dayCurve(4), lunch = dayCurve(13), evening = dayCurve(20.5);
  assert.ok(night < 0.4, `night ${night}`);
  assert.ok(lunch > night * 2, `lunch ${lunch}`);
  assert.ok(evening > lunch * 1.8, `evening ${evening}`);
  let peak = 0;
  for (let h = 0; h < 24; h += 0.25) if (dayCurve(h) > dayCurve(peak)) peak = h;
  assert.ok(peak >= 19 && peak <= 22, `peak at ${peak}h`);
});

Deno.test("dayCurve() joins smoothly across midnight", () => {
  assert.ok(Math.abs(dayCurve(23.99) - dayCurve(0)) < 0.02);
});

Deno.test("trafficMultiplier() lifts weekends", () => {
  const friday = Date.parse("2026-11-20T20:00:00Z");
  const saturday = Date.parse("2026-11-21T20:00:00Z");
  assert.ok(
    Math.abs(
      trafficMultiplier(saturday) / trafficMultiplier(friday) - WEEKEND_LIFT,
    ) < 1e-9,
  );
});
