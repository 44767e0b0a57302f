import { mount } from 'svelte';
import App from './App.svelte';
// The stylesheets in cascade order (each later file may override an earlier one).
import './styles/base.css';
import './styles/chat.css';
import './styles/models.css';
import './styles/phone.css';
import './styles/details.css';
import './styles/feedback.css';

const app = mount(App, { target: document.getElementById('app')! });

export default app;
