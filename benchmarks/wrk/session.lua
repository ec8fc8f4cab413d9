-- GET pages as signed-in users: each request carries the next student's session cookie.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "common.lua")
load_requests()

request = next_request

function done(summary, latency, requests)
  report(summary, latency)
end
