"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const colors = require("../js/colors.js");

test("RRGGBB becomes the BGR integer of Interior.Color", () => {
  assert.equal(colors.hexToBgr("FFC7CE"), 0xcec7ff); // error: pink
  assert.equal(colors.hexToBgr("FFEB9C"), 0x9cebff); // warning: yellow
  assert.equal(colors.hexToBgr("DDEBF7"), 0xf7ebdd); // info: blue
  assert.equal(colors.hexToBgr("FF0000"), 255); // pure red is 255 in BGR
  assert.equal(colors.hexToBgr("0000FF"), 0xff0000);
  assert.equal(colors.bgrToHex(0xcec7ff), "FFC7CE");
  assert.throws(() => colors.hexToBgr("red"), /RRGGBB/);
});

test("a fill survives the XML round trip (none, solid, patterned)", () => {
  const none = { pattern: colors.XL_NONE, color: 0xffffff, patternColor: 0 };
  assert.equal(colors.fillToXml(none), "<fill><patternFill /></fill>");
  assert.deepEqual(colors.xmlToFill(colors.fillToXml(none)), none);
  const solid = { pattern: 1, color: 0x00ffff, patternColor: 0 };
  assert.deepEqual(colors.xmlToFill(colors.fillToXml(solid)), solid);
  const gray = { pattern: 17, color: 0x123456, patternColor: 0x654321 };
  assert.deepEqual(colors.xmlToFill(colors.fillToXml(gray)), gray);
});

test("the fill XML is openpyxl's, both ways", () => {
  // what addin/marks.py saves for a cell filled FFFF00 by openpyxl
  const xml = '<fill><patternFill patternType="solid"><fgColor rgb="00FFFF00" /><bgColor rgb="00FFFF00" /></patternFill></fill>';
  assert.deepEqual(colors.xmlToFill(xml), { pattern: 1, color: colors.hexToBgr("FFFF00"), patternColor: 0 });
  assert.equal(colors.fillToXml({ pattern: 1, color: colors.hexToBgr("FFFF00") }), xml);
  // a theme colour is painted as a theme colour (SpreadsheetML index -> XlThemeColor)
  const theme = '<fill><patternFill patternType="solid"><fgColor theme="4" tint="0.6" /></patternFill></fill>';
  assert.deepEqual(colors.xmlToFill(theme), { pattern: 1, theme: 5, tint: 0.6 });
  const dark = '<fill><patternFill patternType="solid"><fgColor theme="0" /></patternFill></fill>';
  assert.deepEqual(colors.xmlToFill(dark), { pattern: 1, theme: 2, tint: 0 });
  assert.equal(colors.xmlToFill("garbage").pattern, colors.XL_NONE);
  assert.equal(colors.xmlToFill('<fill><patternFill patternType="solid" /></fill>').pattern, colors.XL_NONE);
});
