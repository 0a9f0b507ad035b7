using Microsoft.Playwright;

namespace Portal.Tests.Support;

/// <summary>
/// What a keyboard user sees of focus, read from the computed style: an outline at least 2 px wide whose colour has
/// at least 3:1 contrast (WCAG 1.4.11) against the background it is drawn on. A background tint alone does not count.
/// </summary>
public static class FocusRing
{
    public sealed record Seen(string Element, bool Visible, string Detail);

    // The background behind the ring: the parent's for an outline drawn outside the element, the element's own for
    // one drawn inside; translucent layers are composited down to the first opaque one (white if none).
    private const string Probe = """
        el => {
          const rgba = c => { const m = c.match(/[\d.]+/g) || ['0','0','0','0']; return m.map(Number).concat(m.length < 4 ? [1] : []).slice(0, 4); };
          const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
          const s = getComputedStyle(el);
          const width = parseFloat(s.outlineWidth) || 0;
          let node = parseFloat(s.outlineOffset) < 0 ? el : el.parentElement;
          const layers = [];
          for (; node; node = node.parentElement) {
            const bg = rgba(getComputedStyle(node).backgroundColor);
            if (bg[3] > 0) layers.push(bg);
            if (bg[3] >= 1) break;
          }
          let background = [255, 255, 255, 1];
          for (const layer of layers.reverse()) background = over(layer, background);
          const ring = over(rgba(s.outlineColor), background);
          const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          const [hi, lo] = [lum(ring), lum(background)].sort((a, b) => b - a);
          const contrast = (hi + 0.05) / (lo + 0.05);
          const name = (el.getAttribute('aria-label') || el.textContent || el.id || '').replace(/\s+/g, ' ').trim();
          return {
            element: `${el.tagName.toLowerCase()} "${name}"`,
            visible: s.outlineStyle !== 'none' && width >= 2 && contrast >= 3,
            detail: `outline ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}, contrast ${contrast.toFixed(2)}:1`,
          };
        }
        """;

    private sealed class Raw
    {
        public string Element { get; set; } = "";
        public bool Visible { get; set; }
        public string Detail { get; set; } = "";
    }

    public static async Task<Seen> OfAsync(ILocator element) => Read(await element.EvaluateAsync<Raw>(Probe));

    /// <summary>The element that has focus now.</summary>
    public static async Task<Seen> OfFocusedAsync(IPage page) => Read(await page.EvaluateAsync<Raw>($"() => ({Probe})(document.activeElement)"));

    /// <summary>Whether the element that has focus now matches a CSS selector.</summary>
    public static Task<bool> FocusedMatchesAsync(IPage page, string selector) =>
        page.EvaluateAsync<bool>($"() => !!document.activeElement?.matches({System.Text.Json.JsonSerializer.Serialize(selector)})");

    private static Seen Read(Raw raw) => new(raw.Element, raw.Visible, raw.Detail);

    /// <summary>Puts the keyboard's starting point at the top of the document, so the next Tab reaches its first control.</summary>
    public static Task FromTopAsync(IPage page) => page.EvaluateAsync(
        "() => { document.activeElement?.blur(); const body = document.body; body.tabIndex = -1; body.focus(); body.removeAttribute('tabindex'); }");

    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/>; fails after <paramref name="limit"/> presses.</summary>
    public static async Task TabToAsync(IPage page, string selector, int limit = 40)
    {
        for (var i = 0; i < limit; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await FocusedMatchesAsync(page, selector))
                return;
        }
        Assert.Fail($"Tab did not reach {selector} in {limit} presses.");
    }
}
