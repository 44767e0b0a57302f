import { mount } from 'svelte';
import App from './app/App.svelte';
// The stylesheets, in cascade order (styles/index.css lists them).
import './ui/styles/index.css';

const app = mount(App, { target: document.getElementById('app')! });

export default app;
