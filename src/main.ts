import { mount } from 'svelte';
import App from './app/App.svelte';
// The stylesheets, in cascade order (styles/index.css lists them).
import './ui/styles/index.css';
import { applyRememberedTheme } from './ui/theme';

// Before the first paint: the theme last chosen (the stored settings confirm it once loaded).
applyRememberedTheme();

const app = mount(App, { target: document.getElementById('app')! });

export default app;
