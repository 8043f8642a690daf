-- Run by tests/real/lua.sh from the initrd's root (the kernel) or a copy of
-- it (the host); both outputs must be the same.
print(_VERSION, math.type(1), math.type(1.0), math.maxinteger)

-- strings
local s = "The quick brown fox jumps over the lazy dog"
print(#s, s:upper():sub(5, 9), s:find("fox"), s:match("(%a+) dog"))
print((s:gsub("%w+", function(w) return w:reverse() end)))
local words = {}
for w in s:gmatch("%a+") do words[#words + 1] = w:lower() end
table.sort(words)
print(table.concat(words, ","))
print(("x"):rep(3, "-"), string.byte("A"), string.char(72, 105), ("%q"):format("a\nb\"c"))
print(utf8.char(72, 228, 8364, 128512), utf8.len("häll€"))

-- string.format with floats
print(string.format("%.3f|%10.4f|%-8.2f|%e|%g|%g|%g", math.pi, -math.exp(1), 2.5, 6.02214076e23, 1e20, 0.1, 1/3))
print(string.format("%5.1f%%|%+d|%05d|%x|%X|%o|%a", 99.44, 42, 42, 255, 255, 8, 1.0))
print(0.1 + 0.2, 100 / 3, 7 // 2, 7.0 // 2, -7 // 2, 7 % -3, 2^53, 1e300 * 1e10, math.huge // 1)
print(math.floor(-3.5), math.ceil(-3.5), math.fmod(7, 3), math.sqrt(2), math.sin(1), math.log(100, 10))
print(tostring(1e15), tostring(1e16), 123456789012 * 1000, math.tointeger(3.0), 3 | 5, 6 & 3, 1 << 62)

-- tables
local t = {}
for i = 1, 1000 do t[i] = i * i end
local sum = 0
for _, v in ipairs(t) do sum = sum + v end
print(#t, sum, select("#", table.unpack(t, 1, 10)))
local m = setmetatable({}, {__index = function(_, k) return k .. "!" end,
                            __call = function(self, a) return a * 2 end})
print(m.hello, m(21), rawget(m, "hello"))
local set = {}
for _, k in ipairs({"pear", "apple", "fig", "apple", "kiwi", "fig"}) do set[k] = (set[k] or 0) + 1 end
local keys = {}
for k in pairs(set) do keys[#keys + 1] = k end
table.sort(keys, function(a, b) return set[a] > set[b] or (set[a] == set[b] and a < b) end)
for _, k in ipairs(keys) do io.write(k, "=", set[k], " ") end
print()
table.insert(keys, 1, "first"); table.remove(keys); print(table.concat(keys, " "), table.move({1, 2, 3}, 1, 3, 2)[3])

-- closures
local function counter(step)
  local n = 0
  return function() n = n + step; return n end
end
local c1, c2 = counter(1), counter(10)
c1(); c1(); c2()
print(c1(), c2())
local fib
fib = function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(25))
local memo = setmetatable({}, {__mode = "k"})
print(type(memo), collectgarbage("count") > 0)

-- coroutines
local gen = coroutine.wrap(function()
  for i = 1, 5 do coroutine.yield(i * i) end
  return "done"
end)
local out = {}
for _ = 1, 6 do out[#out + 1] = tostring(gen()) end
print(table.concat(out, " "))
local co = coroutine.create(function(a, b)
  local c = coroutine.yield(a + b)
  local d, e = coroutine.yield(c * 2)
  return d + e
end)
print(coroutine.resume(co, 1, 2))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 3, 4))
print(coroutine.resume(co), coroutine.status(co))
print(pcall(error, {code = 7}), select(2, pcall(error, "boom", 0)))

-- os.time, os.clock, os.date
local t0 = os.clock()
local x = 0
for i = 1, 200000 do x = x + i % 7 end
local t1 = os.clock()
print(x, type(t0), t1 >= t0, os.time() > 1600000000, math.type(os.time()))
print(os.time({year = 2000, month = 1, day = 1, hour = 12}), os.date("!%Y-%m-%d %H:%M:%S", 1234567890))
print(os.date("!*t", 0).year, os.difftime(os.time({year = 2024, month = 3, day = 1, hour = 0}),
                                          os.time({year = 2024, month = 2, day = 1, hour = 0})) / 86400)
print(os.getenv("NO_SUCH_VARIABLE"))

-- io on files of the initrd
local f = assert(io.open("data/planets.txt", "r"))
local total, names = 0, {}
for line in f:lines() do
  local name, au, mass = line:match("^(%a+) ([%d.]+) ([%d.]+)$")
  total = total + tonumber(mass)
  names[#names + 1] = string.format("%s@%.1fAU", name, tonumber(au))
end
print(f:seek("end"), f:seek("set", 6), f:read(5), f:read("n"), f:read("l"))
f:close()
print(#names, table.concat(names, " "), string.format("%.3f", total))
print(io.open("data/nothing.txt"))
print(pcall(io.lines, "data/nothing.txt"))
print(io.type(f), io.type(io.stdout))

-- and on the writable /tmp
local path = "tmp/lua-out.txt"
local w = assert(io.open(path, "w"))
for i = 1, 100 do w:write(i, " ", i * i, "\n") end
w:close()
local n, last = 0, nil
for l in io.lines(path) do n = n + 1; last = l end
print(n, last)
local a = assert(io.open(path, "a")); a:write("appended\n"); a:close()
local r = assert(io.open(path)); local all = r:read("a"); r:close()
print(#all, all:sub(-9, -2))
print(os.rename(path, "tmp/renamed.txt"), io.open(path) == nil, os.remove("tmp/renamed.txt"))
print(select(2, os.remove("tmp/renamed.txt")))
local tmpname = os.tmpname()
print(tmpname:match("^/tmp/lua_") ~= nil, os.remove(tmpname))
