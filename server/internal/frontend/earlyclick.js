(() => {
  const id = "connect-button";
  const within = 15000; // a click older than this when the app is ready is dropped
  const root = document.documentElement;
  let down = false;
  let clickedAt = -1;
  const onButton = (e) => e.isPrimary && e.button === 0 && !!e.target.closest && !!e.target.closest("#" + id);
  const disabled = () => {
    const b = document.getElementById(id);
    return !b || b.disabled;
  };
  const onDown = (e) => {
    down = onButton(e) && disabled();
  };
  const onUp = (e) => {
    if (!down || !onButton(e) || !disabled()) return;
    clickedAt = performance.now();
    root.setAttribute("data-early-click", "");
  };
  const stop = () => {
    removeEventListener("pointerdown", onDown, true);
    removeEventListener("pointerup", onUp, true);
    watch.disconnect();
    root.removeAttribute("data-early-click");
  };
  const watch = new MutationObserver(() => {
    if (disabled()) return;
    stop();
    if (clickedAt >= 0 && performance.now() - clickedAt <= within) document.getElementById(id).click();
  });
  addEventListener("pointerdown", onDown, true);
  addEventListener("pointerup", onUp, true);
  watch.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["disabled"] });
})();
